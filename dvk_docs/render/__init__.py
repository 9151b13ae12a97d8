"""Rendering: docxtpl engine, profile layout, Markdown, template blueprints."""
