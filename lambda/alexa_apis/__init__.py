"""Alexa service APIs (Settings, Reminders), reached through ask-sdk's DefaultApiClient."""
