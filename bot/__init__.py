"""The gateway that owns every conversation, and the client of Rasa's REST webhook."""
