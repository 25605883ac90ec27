"""quizapp.tui."""
