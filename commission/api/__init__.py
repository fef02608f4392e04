"""The commission's HTTP API: ``/api/v1/`` on the commission host (``urls``) and the member's own
commission cases in the member API (``member``). A plain package, not an app: it composes the
commission apps (cases, hearings, rulings) and owns no models."""
