"""Outreach to families who are not users (seed 003: "致…家长一封信", 群发手机短信; 001: monthly contact): a message
or letter composed for the families of a village, a mutual-aid group or a list, sent by SMS through the installed
channel or printed as A4 letters, each family told recorded once. See README.md beside this file."""
