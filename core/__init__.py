"""The assistant's core: everything but the web, Rasa and channel adapters.

Shared by every capability: settings, the database and the shared models with the
migrations, encryption, languages and texts, content loading, responses, conversations,
sealed texts, notifications, audit, staff accounts. One package per capability
(assessment, training, childcare, pathway, privacy), the questionnaire engine they plug
into (questionnaire), and the registry that lists them (capabilities.py). core imports
none of actions/, api/, bot/.
"""
