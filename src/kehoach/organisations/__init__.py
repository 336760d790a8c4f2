"""Organisations (đơn vị): the tree of Party and State bodies, their people and exemptions."""
