"""How well the assistant serves people, as the staff dashboards show it.

- records.py: what the assistant notes while it talks: each question of a questionnaire
  put to someone and how the questionnaire ended (anonymous runs), and the messages it did
  not understand (never a text of a sealed questionnaire);
- figures.py: the counts, in SQL: messages per day, questionnaire funnels, the messages
  not understood, grouped.
"""
