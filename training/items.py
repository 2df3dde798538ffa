"""The question item, shared by the hand-written bank (bank.py) and the generated items (generated.py), so both
import it from here and neither imports the other's module to get it."""

from __future__ import annotations

from dataclasses import asdict, dataclass

TRUE_FALSE_OPTIONS = ("正确", "错误")
# Named in full wherever an item refers to the document: questions.json is read outside this site.
DOCUMENT = "晋民发〔2022〕59号"


@dataclass(frozen=True)
class QuestionItem:
    id: str
    type: str
    stem: str
    options: tuple[str, ...]
    answer: tuple[int, ...]
    explanation: str
    clause: str
    source: str | None = None
    generated_from: str | None = None  # the rules data an item was generated from, if any

    def as_dict(self) -> dict:
        data = asdict(self)
        data["options"] = list(self.options)
        data["answer"] = list(self.answer)
        return {key: value for key, value in data.items() if value is not None}
