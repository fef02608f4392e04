"""The complaint register in the member's back-office, by area: ``register`` (list, export, new
complaint, files), ``detail`` (one complaint), ``member_settings`` (the owner's), ``reports``."""
