"""The exam-training question bank on 59号: hand-written items (bank.toml) and items generated from the
calculators' rules data (generated.py), so questions about numbers and tables cannot drift from the rules."""

from training.bank import QuestionItem, load_questions, section_of

__all__ = ["QuestionItem", "load_questions", "section_of"]
