"""One module per subcommand, imported lazily by quizapp.cli."""
