"""Seed 001's code for the editor: its last block ("The Final Result"), with its gap, and
the loss(w, b) of its earlier blocks so Run can check the learner's loss too."""

SEED_GAP = "    # call update() in this loop!\n"

SEED_TEMPLATE = '''data = [(1, 0.85), (2, 1.43), (3, 1.92), (4, 2.59), (5, 3.20), (6, 3.82), (7, 4.38), (8, 4.97)]

w = 1
b = 0

learning_rate = 0.001

def y(x, w, b):
  return w * x + b

def loss(w, b):
  sum = 0
  for xi, yi in data:
    sum += (y(xi, w, b) - yi) ** 2
  return sum / 2

def gradient():
  dw = db = 0
  for xi, yi in data:
    dw += (y(xi, w, b) - yi) * xi
    db += y(xi, w, b) - yi
  return dw, db

def update():
  dw, db = gradient()
  global w,b
  w -= dw * learning_rate
  b -= db * learning_rate
  return w, b

iteration_counter = 0
def train(iterations = 100):
  global iteration_counter
  for i in range(iterations):
''' + SEED_GAP + '''
    iteration_counter += 1
'''


def seed_solution() -> str:
    """The template with its gap filled as the seed asks (update() called in the loop)."""
    return SEED_TEMPLATE.replace(SEED_GAP, "    update()\n")
