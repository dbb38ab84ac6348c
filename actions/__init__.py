"""The rasa-sdk action server: actions translate between Rasa and core/, one module per
capability and questionnaire.py for the questionnaire form."""
