from dvk_docs.cli import main

main()
