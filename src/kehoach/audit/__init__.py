"""The audit log: who did what, when, to which object (every service writes here)."""
