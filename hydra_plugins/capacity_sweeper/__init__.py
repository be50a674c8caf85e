"""Hydra sweeper of this project: Hydra's basic sweep, with validation, resume, progress and aggregate."""
