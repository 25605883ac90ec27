"""quizapp.banks."""
