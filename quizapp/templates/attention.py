"""One decoder step of attention over RNN encoder states, by hand, computed by engine.attention.

Bahdanau et al. 2015 score with the decoder's previous state s_(i-1) through a one-layer MLP
(additive); Luong et al. 2015 with the current target state h_t (dot, general). The prompt says
which. The learner gives the softmax weights over the source positions or the context vector.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from engine.attention import additive_scores, attend, dot_scores, general_scores
from quizapp.templates.base import (
    Mistake,
    Params,
    Prose,
    Template,
    Tolerance,
    Variant,
    WorkedStep,
    as_list,
    draw_rounded,
    matrix_block,
    vector_form,
)
from quizapp.templates.params import Field
from quizapp.templates.prose import N_

SIZE = 2


class AttentionParams(Params):
    score: Literal["dot", "general", "additive"] = "dot"
    quantity: Literal["weights", "context"] = "weights"
    source_length: int = Field(3, ge=2, le=4)


SCORE_TEXT = {
    "dot": N_("Luong's dot score e_j = h_t · h̄_j, with the decoder's current state h_t"),
    "general": N_(
        "Luong's general score e_j = h_t · (W_a h̄_j), with the decoder's current state h_t"
    ),
    "additive": N_(
        "Bahdanau's additive score e_j = v_a · tanh(W_a s_(i−1) + U_a h_j), with the decoder's "
        "previous state s_(i−1)"
    ),
}


class AttentionStep(Template):
    name = "decoder_attention"
    summary = "One decoder step of attention: scores, softmax weights, context vector."
    topics = ("attention.context-per-step", "attention.scores")
    params_model = AttentionParams

    def build(self, rng: np.random.Generator, p: AttentionParams, tr: Prose) -> Variant:
        n = p.source_length
        keys = draw_rounded(rng, (n, SIZE), -1, 1)
        query = draw_rounded(rng, SIZE, -1.5, 1.5)
        listing: list[tuple[str, np.ndarray]] = []
        givens: dict[str, object] = {"keys": as_list(keys), "query": as_list(query)}
        if p.score == "dot":
            scores = dot_scores(query, keys)
            formula = "e_j = h_t · h̄_j"
        elif p.score == "general":
            W_a = draw_rounded(rng, (SIZE, SIZE), -1, 1)
            scores = general_scores(query, keys, W_a)
            listing.append(("W_a", W_a))
            givens["W_a"] = as_list(W_a)
            formula = "e_j = h_t · (W_a h̄_j)"
        else:
            W_a = draw_rounded(rng, (SIZE, SIZE), -1, 1)
            U_a = draw_rounded(rng, (SIZE, SIZE), -1, 1)
            v_a = draw_rounded(rng, SIZE, -1, 1)
            scores = additive_scores(query, keys, W_a, U_a, v_a)
            listing += [("W_a", W_a), ("U_a", U_a), ("v_a", v_a)]
            givens.update(W_a=as_list(W_a), U_a=as_list(U_a), v_a=as_list(v_a))
            formula = "e_j = v_a · tanh(W_a s_(i−1) + U_a h_j)"
        alpha, context = attend(scores, keys)
        query_name = "s_(i−1)" if p.score == "additive" else "h_t"
        key_name = "h" if p.score == "additive" else "h̄"
        listing = (
            [(query_name, query)] + [(f"{key_name}_{j + 1}", keys[j]) for j in range(n)] + (listing)
        )
        ask = (
            tr("the attention weights α_1 … α_{n} over the source positions", n=n)
            if p.quantity == "weights"
            else tr("the context vector c = Σ_j α_j · (encoder state j) of this step")
        )
        prompt = tr(
            "An attention decoder scores each of the {n} encoder states with "
            "{score}, turns the scores into weights with a softmax over the "
            "source positions, and forms "
            "this step's context vector from them. Give {ask}.\n\n{listing}",
            n=n,
            score=tr(SCORE_TEXT[p.score]),
            ask=ask,
            listing=matrix_block(listing),
        )
        scores_label = tr("scores e_j")
        steps = [
            WorkedStep(scores_label, formula, as_list(scores)),
            WorkedStep("α_j", tr("softmax: exp(e_j) / Σ_k exp(e_k)"), as_list(alpha)),
            WorkedStep(tr("context"), tr("c = Σ_j α_j · state_j"), as_list(context)),
        ]
        target = alpha if p.quantity == "weights" else context

        def as_answer(weights: np.ndarray) -> list[float]:
            chosen = weights if p.quantity == "weights" else weights @ keys
            return [float(v) for v in chosen]

        mistakes = [
            Mistake(
                "attn.no-softmax",
                tr("the raw scores used as weights (no softmax)"),
                "α_j",
                as_answer(scores),
                tr(
                    "The weights are softmax(e): positive and summing to 1 over the source "
                    "positions."
                ),
            ),
            Mistake(
                "attn.uniform",
                tr("every source position weighted equally"),
                "α_j",
                as_answer(np.full(n, 1.0 / n)),
                tr("The scores decide the weights: a softmax of e_j, not 1/T_x each."),
            ),
        ]
        top = np.sort(scores)[-2:]
        if top[1] - top[0] > 1e-9:  # a unique best position: "hard attention" is well defined
            mistakes.append(
                Mistake(
                    "attn.hard",
                    tr("all weight on the best-scoring position (hard attention)"),
                    "α_j",
                    as_answer(np.eye(n)[int(np.argmax(scores))]),
                    tr(
                        "Soft attention keeps every position, weighted by softmax(e); taking the "
                        "argmax alone is hard attention, which is not differentiable."
                    ),
                )
            )
        if p.score == "general":
            mistakes += [
                Mistake(
                    "attn.dot-not-general",
                    tr("the dot score h_t · h̄_j (W_a left out)"),
                    scores_label,
                    as_answer(attend(dot_scores(query, keys), keys)[0]),
                    tr("The general score puts W_a between the two states: h_t · (W_a h̄_j)."),
                ),
                Mistake(
                    "attn.w-transposed",
                    tr("W_a applied to h_t instead of h̄_j ((W_a h_t) · h̄_j)"),
                    scores_label,
                    as_answer(attend(keys @ (W_a @ query), keys)[0]),
                    tr("h_t · (W_a h̄_j) = h_tᵀ W_a h̄_j; (W_a h_t) · h̄_j uses W_aᵀ instead."),
                ),
            ]
        if p.score == "additive":
            mistakes.append(
                Mistake(
                    "attn.no-tanh",
                    tr("the tanh of the alignment MLP left out"),
                    scores_label,
                    as_answer(attend((W_a @ query + keys @ U_a.T) @ v_a, keys)[0]),
                    tr(
                        "Bahdanau's alignment model is a one-hidden-layer MLP: "
                        "v_a · tanh(W_a s_(i−1) + U_a h_j)."
                    ),
                )
            )
        return Variant(
            givens=givens,
            prompt=prompt,
            answer=as_list(target),
            tolerance=Tolerance(abs=0.01),
            steps=steps,
            answer_form=vector_form(tr, len(target)),
            mistakes=tuple(mistakes),
        )
