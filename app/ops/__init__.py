"""Running the server as an operator sees it: start-up checks and messages, health, logs,
metrics and backups."""
