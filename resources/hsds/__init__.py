"""The Open Referral HSDS 3.0 read API at /hsds/: records.py makes the records, views.py and urls.py serve them."""
