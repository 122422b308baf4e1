"""Orchestration: the only modules that import Prefect."""
