import mongoose from 'mongoose';
import { type WebhookDoc, WebhookModel } from './webhook.model.ts';

export async function listWebhooks(): Promise<WebhookDoc[]> {
  return WebhookModel.find().sort({ createdAt: 1 }).lean<WebhookDoc[]>();
}

export async function findWebhook(id: string): Promise<WebhookDoc | null> {
  if (!mongoose.isValidObjectId(id)) return null;
  return WebhookModel.findById(id).lean<WebhookDoc>();
}

export async function insertWebhook(w: Omit<WebhookDoc, '_id'>): Promise<WebhookDoc> {
  const [doc] = await WebhookModel.insertMany([w], { lean: true });
  return doc as unknown as WebhookDoc;
}

export async function deleteWebhook(id: string): Promise<boolean> {
  if (!mongoose.isValidObjectId(id)) return false;
  return (await WebhookModel.deleteOne({ _id: id })).deletedCount === 1;
}
