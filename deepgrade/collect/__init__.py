"""deepgrade.collect"""
