"""Accounts: users, their memberships (role × organisation), API tokens, and the one module
that decides who may see and do what (:mod:`kehoach.accounts.permissions`)."""
