"""Demo data: a synthetic province, its people, accounts and published plans (``kehoach demo``)."""
