"""Who may do what to a page, and what the admin tells people after each editorial step.

roles.py: the one rule the groups' page permissions cannot say (only administrators delete or move pages),
put where Wagtail asks every question about a page: its permission tester. feedback.py: the message after
sending a page for review, approving it, asking for changes and publishing, saying what happened and what
happens next. Knows no page type; Wagtail's own Page and views only.
"""
