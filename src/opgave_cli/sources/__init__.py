"""Sources outside the data folder: CBS, git, evidence files, bank statements, CSV rows."""
