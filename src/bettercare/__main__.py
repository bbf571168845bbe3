from bettercare.cli import main

main()
