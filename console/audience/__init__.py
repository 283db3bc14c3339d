"""Audience events: validation (events), HTTP intake, replay, simulator, the pipeline into the recorder.

Import the submodules directly (``from console.audience.intake import AudienceIntake``);
this package imports nothing heavy on its own.
"""
