"""Planning for an interview date from the learner's FSRS cards, with no terminal."""
