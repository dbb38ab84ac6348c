"""The skills frameworks the assessment and the training catalogue share.

CEFR: six levels, A1–C2, and the skills of its self-assessment grid (listening, reading,
speaking, writing). DigComp 2.2: five areas of digital competence, and the proficiency
levels grouped as the assistant uses them (foundation, intermediate, advanced).
"""

CEFR_LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")
CEFR_SKILLS: tuple[str, ...] = ("listening", "reading", "speaking", "writing")
DIGITAL_LEVELS: tuple[str, ...] = ("foundation", "intermediate", "advanced")
DIGITAL_AREAS: tuple[str, ...] = (
    "information", "communication", "content_creation", "safety", "problem_solving",
)
