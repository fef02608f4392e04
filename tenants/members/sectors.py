"""The sectors the platform starts with (each can get its own committee and rules)."""

DEFAULT_SECTORS = [
    ("building", "Bouw en wonen", "Building and housing"),
    ("care", "Zorg", "Care"),
    ("webshops", "Webwinkels", "Online shops"),
    ("energy", "Energie en water", "Energy and water"),
    ("travel", "Reizen", "Travel"),
    ("other", "Overige branches", "Other trades"),
]
