"""The only package that talks to Redis. Key layout: ``keys.py``; scripts: ``scripts.py``."""
