"""quizapp.templates."""
