from doleances.cli import main

main()
