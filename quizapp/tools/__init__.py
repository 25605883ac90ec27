"""Learning tools over the engine, with no terminal: the gradient lab and the step inspector.

With ``quizapp.templates`` and ``quizapp.drills`` this is where quizapp reaches ``engine``
(an import-linter contract keeps it so); NumPy and the engine load when a tool computes.
"""
