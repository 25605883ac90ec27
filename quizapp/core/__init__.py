"""quizapp.core."""
