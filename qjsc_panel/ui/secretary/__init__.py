"""The secretary's workspace: registries, plan, draw, archive, backup."""
