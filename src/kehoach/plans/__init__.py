"""Plans (kế hoạch), their tasks (nhiệm vụ), the assignments of tasks to units, and reports."""
