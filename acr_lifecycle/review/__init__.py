"""Reviewing purge tasks as text: reports, decoding, plan diffs, Terraform modules."""
