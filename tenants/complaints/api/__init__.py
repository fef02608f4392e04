"""The member API for complaints (``/api/v1/`` on a member's host): serializers and views."""
