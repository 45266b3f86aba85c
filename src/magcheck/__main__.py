from magcheck.cli import main

main()
