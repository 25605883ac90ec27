"""Names screens put on questions: the bank's title and the topic's, never ids.

The titles come from the catalog (bank files' ``title``, topics' ``title``, else one made from
the summary by ``quizapp.core.titles``); a screen builds one ``Namer`` and asks it per question.
"""

from __future__ import annotations

from quizapp.core.catalog import Catalog
from quizapp.core.presentation import PresentedQuestion


class Namer:
    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._banks = {bank.id: bank.title for bank in catalog.banks}

    def topic(self, topic_id: str) -> str:
        return self._catalog.topic_title(topic_id)

    def bank(self, bank_id: str) -> str:
        return self._banks.get(bank_id, bank_id)

    def heading(self, presented: PresentedQuestion) -> str:
        """'Question 3 of 20 · LSTM · Forget gate f_t, input gate…' (the screen cuts it)."""
        question = presented.question
        parts = [presented.progress_line, self.bank(question.bank_id)]
        if question.topics:
            parts.append(self.topic(question.topics[0]))
        return " · ".join(parts)
