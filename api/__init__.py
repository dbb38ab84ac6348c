"""The FastAPI app: the web channel, Rasa's NLG endpoint, the staff APIs, the demo page
and the widget."""
