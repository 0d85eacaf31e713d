"""A minimal Django project serving django-helpdesk, the peer of bench/side_by_side.py."""
