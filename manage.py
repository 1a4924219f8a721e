#!/usr/bin/env python
"""Same as the ``baken`` console script, for those who expect manage.py."""

from baken.cli import main

if __name__ == "__main__":
    main()
