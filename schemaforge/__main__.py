from schemaforge.cli import main

main()
