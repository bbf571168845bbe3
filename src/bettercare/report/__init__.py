"""Reports: a plan (and later its assessment) rendered for people."""
