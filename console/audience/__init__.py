"""Audience events: validation (events), HTTP intake, replay, simulator, the player of a show's own
audience (player), the pipeline into the recorder and out to the live view.

Import the submodules directly (``from console.audience.intake import AudienceIntake``);
this package imports nothing heavy on its own.
"""
