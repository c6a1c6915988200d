import WaymarkApp
print("x")
