"""The fault trainer (issue 17): a drill file schedules faults during a rehearsal, the detectors and playbooks
answer as on air, and the controller and anchor are scored per step from the record."""
