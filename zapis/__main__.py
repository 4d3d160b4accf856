"""``python -m zapis`` runs the command line."""

from zapis.cli import main

main()
