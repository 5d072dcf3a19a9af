"""Reference data for the seeds: agencies, the jurisdiction catalog and the holiday calendar."""
