"""`python -m infraplan`: the same entry point as the console script."""

from infraplan.cli import main

main()
